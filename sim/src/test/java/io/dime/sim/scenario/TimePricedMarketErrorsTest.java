package io.dime.sim.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad settings for leases and job markets, and settings that contradict them, are located
 * (key path, line, column) and say what is accepted.
 */
class TimePricedMarketErrorsTest {
    private static final String TEMPLATE = """
            name: t
            nodes:
              - name: a
                gpu: rtx-4090
                model: llama-3-8b
                %s
            workload:
              - {name: chat, arrival: {rate: 1/s}}
            market: %s
            routing: %s
            """;

    @ParameterizedTest(name = "{3}: {1}")
    @CsvSource(delimiter = '|', value = {
        // node line | market | routing | path | line | column | parts
        "count: 2 | {pricing: lease, price_per_mtok: 0.2} | {retries: 2} | market.price_per_mtok | 9 | 42 | charges for time, not per token;ask_per_hour",
        "count: 2 | {pricing: lease, protocol_fee: 0.2} | {retries: 2} | market.protocol_fee | 9 | 40 | the protocol's share is lease.take_rate",
        "count: 2 | {pricing: job-market, protocol_fee: 0.1, job_market: {timeout: 1min}} | {retries: 2} | market.protocol_fee | 9 | 45 | job_market.network_fee",
        "count: 2 | {pricing: lease, currency: token} | {retries: 2} | market.currency | 9 | 36 | paid in USD;accepted: currency: usd",
        "count: 2 | {pricing: lease, settlement: burn-and-mint} | {retries: 2} | market.settlement | 9 | 38 | settles directly in USD",
        "count: 2 | {pricing: lease, job_market: {timeout: 1min}} | {retries: 2} | market.job_market | 9 | 38 | apply only with pricing: job-market",
        "count: 2 | {pricing: posted, lease: {leases: 2}} | {retries: 2} | market.lease | 9 | 34 | apply only with pricing: lease;found pricing 'posted'",
        "count: 2 | {pricing: job-market} | {retries: 2} | market.job_market | 9 | 9 | missing required key 'job_market'",
        "count: 2 | {pricing: job-market, job_market: {network_fee: 0.1}} | {retries: 2} | market.job_market.timeout | 9 | 43 | missing required key 'timeout'",
        "count: 2 | {pricing: job-market, job_market: {timeout: 1min, network_fee: 2}} | {retries: 2} | market.job_market.network_fee | 9 | 72 | out of range;from 0 to 1",
        "count: 2 | {pricing: lease, lease: {take_rate: 1.5}} | {retries: 2} | market.lease.take_rate | 9 | 45 | out of range;from 0 to 1",
        "count: 2 | {pricing: lease, lease: {leases: 0}} | {retries: 2} | market.lease.leases | 9 | 42 | out of range",
        "count: 2 | {pricing: lease, lease: {block: 0s}} | {retries: 2} | market.lease.block | 9 | 41 | out of range",
        "count: 2 | {pricing: lease, lease: {tenure: 1h}} | {retries: 2} | market.lease.tenure | 9 | 34 | unknown key 'tenure'",
        "ask_per_hour: 1.0 | {pricing: lease, lease: {max_price_per_hour: 0.5}} | {retries: 2} | market.lease.max_price_per_hour | 9 | 54 | no provider's ask can be at or under max_price_per_hour 0.5;lowest possible ask is 1",
        "ask_per_hour: 1.0 | {pricing: lease, lease: {escrow_deposit: 0.001}} | {retries: 2} | market.lease.escrow_deposit | 9 | 50 | cannot pay one block (6s)",
        "kind: centralized | {pricing: lease} | {retries: 2} | nodes[0].kind | 6 | 11 | every node group is part of the decentralized market;kind: decentralized",
        "ask_per_mtok: 0.2 | {pricing: lease} | {retries: 2} | nodes[0].ask_per_mtok | 6 | 19 | charges for time on whole nodes, not per token;accepted: ask_per_hour",
        "price_per_mtok: 0.2 | {pricing: job-market, job_market: {timeout: 1min}} | {retries: 2} | nodes[0].price_per_mtok | 6 | 21 | accepted: price_per_hour",
        "ask_per_hour: 1.0 | {pricing: posted} | {retries: 2} | nodes[0].ask_per_hour | 6 | 19 | applies only with market.pricing: lease;found pricing 'posted'",
        "job_timeout: 1h | {pricing: asks} | {policy: cheapest} | nodes[0].job_timeout | 6 | 18 | applies only with market.pricing: job-market",
        "price_per_hour: 1.0 | {pricing: lease} | {retries: 2} | nodes[0].price_per_hour | 6 | 21 | does not apply with pricing 'lease';belongs to job-market",
        "ask_spread: 0.1 | {pricing: job-market, job_market: {timeout: 1min}} | {retries: 2} | nodes[0].ask_spread | 6 | 17 | one price per GPU class: price_per_hour",
        "count: 2 | {pricing: lease} | {policy: cheapest} | routing.policy | 10 | 19 | pays its leases per block whatever they serve;accepted: any other policy",
        "count: 2 | {pricing: job-market, job_market: {timeout: 1min}} | {policy: least-loaded} | routing.policy | 10 | 19 | first idle node queued in its market (FIFO);accepted here: retries, retry_delay",
        "count: 2 | {pricing: job-market, job_market: {timeout: 1min}} | {staleness: 1s} | routing.staleness | 10 | 22 | 'staleness' does not apply",
        "count: 2 | {pricing: job-market, job_market: {timeout: 1min}} | {admission: {max_predicted_ttft: 1s}} | routing.admission | 10 | 22 | 'admission' does not apply",
    })
    void badTimePricedMarketSettingIsLocated(String nodeLine, String market, String routing, String path, int line, int column, String parts) {
        LocatedErrorAssertions.assertRejected(TEMPLATE.formatted(nodeLine, market, routing), path, line, column, parts);
    }

    @Test
    void leasesAndJobsSettleInUsdOutsideATokenEconomyAndWithoutPriceDemand() {
        for (String market : new String[] {"{pricing: lease}", "{pricing: job-market, job_market: {timeout: 1min}}"}) {
            LocatedErrorAssertions.assertRejected(TEMPLATE.formatted("count: 2", market, "{retries: 2}") + "token: {supply: 1e9}\n",
                    "market.pricing", 9, 19, "settles in USD outside a token economy;this scenario has a 'token' section");
            LocatedErrorAssertions.assertRejected(TEMPLATE.formatted("count: 2", market, "{retries: 2}") + "demand: {elasticity: 0.5}\n",
                    "demand", 11, 9, "demand answers a per-token price in a token economy");
        }
    }
}
