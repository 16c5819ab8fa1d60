package io.annals.choreography.fulfilment;

import io.annals.kernel.product.FindUnknownSkus;
import io.annals.kernel.product.UnknownSkus;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;

/**
 * Asks the command side, which owns the registry of skus, over Axon's query bus: the choreography reads no other
 * module's tables. The query is handled in-process and answers from one indexed lookup, so waiting for it is waiting
 * for the database, not for a provider.
 */
@Component
class RegisteredSkus implements SkuDirectory {

    private final QueryGateway queries;

    RegisteredSkus(QueryGateway queries) {
        this.queries = queries;
    }

    @Override
    public List<String> unknown(Collection<String> skus) {
        return queries.query(new FindUnknownSkus(List.copyOf(skus)), UnknownSkus.class).join().skus();
    }
}
