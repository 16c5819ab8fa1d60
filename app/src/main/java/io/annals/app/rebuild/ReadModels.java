package io.annals.app.rebuild;

import io.annals.query.admin.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The tables of every projection this instance has, as its beans declare them with {@link ReadModelTables}. */
@Component
class ReadModels {

    /** Names go into DDL (which takes no parameters), so only plain lower-case identifiers are accepted. */
    static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private final Map<String, List<String>> tablesByProjection = new TreeMap<>();

    ReadModels(ApplicationContext context) {
        context.getBeansWithAnnotation(ReadModelTables.class).values().forEach(bean -> {
            Class<?> type = AopUtils.getTargetClass(bean);
            ProcessingGroup group = AnnotationUtils.findAnnotation(type, ProcessingGroup.class);
            if (group == null) {
                throw new IllegalStateException(type + " declares read-model tables but no @ProcessingGroup");
            }
            List<String> tables = List.of(AnnotationUtils.findAnnotation(type, ReadModelTables.class).value());
            checkIdentifier(group.value());
            tables.forEach(ReadModels::checkIdentifier);
            if (tablesByProjection.putIfAbsent(group.value(), tables) != null) {
                throw new IllegalStateException("two beans declare the tables of projection " + group.value());
            }
        });
    }

    Optional<List<String>> tablesOf(String projection) {
        return Optional.ofNullable(tablesByProjection.get(projection));
    }

    private static void checkIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalStateException("not a plain lower-case identifier: " + name);
        }
    }
}
