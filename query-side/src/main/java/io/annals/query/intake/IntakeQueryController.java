package io.annals.query.intake;

import io.annals.kernel.Sku;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.intake.IntakeCategory;
import io.annals.kernel.paging.Paging;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.web.ApiDocs;
import io.annals.query.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.Set;

/** The enriched intake events and the sources' counts, as the intake processor has built them. */
@RestController
@RequestMapping("/api/intake")
@Tag(name = ApiDocs.INTAKE)
@InstanceRole(Role.INTAKE)
class IntakeQueryController {

    private static final Set<String> SORTABLE = Set.of("global_sequence");

    private final IntakeReads reads;

    IntakeQueryController(IntakeReads reads) {
        this.reads = reads;
    }

    @Operation(summary = "Enriched intake events, in global order",
            description = "Filters: source, category, minRisk (0..1). Sorted by global_sequence (ascending unless "
                    + "sort=global_sequence,desc).")
    @Parameter(name = "page", description = ApiDocs.PAGE_TEXT, schema = @Schema(type = "integer", minimum = "0"))
    @Parameter(name = "size", description = ApiDocs.SIZE_TEXT,
            schema = @Schema(type = "integer", minimum = "1", maximum = "200"))
    @Parameter(name = "category", schema = @Schema(allowableValues = {"SYSTEM", "USER", "TRANSACTION", "MONITORING",
            "ALERT"}))
    @GetMapping("/events")
    PageResponse<IntakeEventItem> events(@RequestParam(required = false) String page,
                                         @RequestParam(required = false) String size,
                                         @RequestParam(required = false) String sort,
                                         @RequestParam(required = false) String source,
                                         @RequestParam(required = false) String category,
                                         @RequestParam(required = false) String minRisk) {
        Paging.SortField order = Paging.sort(sort, SORTABLE);
        IntakeReads.Filter filter = new IntakeReads.Filter(sourceFilter(source), category(category), minRisk(minRisk));
        return reads.events(filter, Paging.page(page), Paging.size(size), order == null || order.ascending());
    }

    @Operation(summary = "A source's counts: accepted, duplicates, last sequence, by category")
    @GetMapping("/sources/{sourceId}")
    IntakeSourceView source(@PathVariable String sourceId) {
        return reads.source(sourceId).orElseThrow(() -> new EntityNotFoundException("no intake source " + sourceId));
    }

    private static String sourceFilter(String source) {
        if (source != null && !Sku.isValid(source)) { // a source id has the SKU's form
            throw new RuleViolationException("source", "must match " + Sku.PATTERN);
        }
        return source;
    }

    private static IntakeCategory category(String category) {
        if (category == null) {
            return null;
        }
        return Arrays.stream(IntakeCategory.values()).filter(c -> c.name().equals(category)).findFirst()
                .orElseThrow(() -> new RuleViolationException("category",
                        "must be one of SYSTEM, USER, TRANSACTION, MONITORING, ALERT"));
    }

    private static Double minRisk(String minRisk) {
        if (minRisk == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(minRisk);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RuleViolationException("minRisk", "must be a number from 0 to 1");
    }
}
