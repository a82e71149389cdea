package io.dime.sim.scenario;

import io.dime.sim.input.ScenarioException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad values in the market, token, demand and supply sections are located, with what is accepted. */
class EconomySectionErrorsTest {
    private static final String TEMPLATE = """
            name: t
            nodes:
              - name: a
                gpu: rtx-4090
                model: llama-3-8b
                %s
            workload:
              - {name: chat, arrival: {rate: 1/s}}
            market:
              %s
            token:
              %s
            """;

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
        // node line | market line | token line | path | line | column | parts
        "count: 2 | pricing: vickrey | epoch: 1h | market.pricing | 10 | 12 | unknown pricing 'vickrey';known: posted, asks, auction-request, auction-epoch",
        "count: 2 | currency: eur | epoch: 1h | market.currency | 10 | 13 | unknown currency 'eur';known: usd, token",
        "count: 2 | protocol_fee: 1.5 | epoch: 1h | market.protocol_fee | 10 | 17 | out of range;from 0 to 1",
        "count: 2 | protocol_fee: 0.1 | epoch: 0s | token.epoch | 12 | 10 | out of range;from 1s to 366d",
        "count: 2 | protocol_fee: 0.1 | emission: {schedule: weekly} | token.emission.schedule | 12 | 24 | unknown emission schedule 'weekly';known: constant, halving, decay, controller",
        "count: 2 | protocol_fee: 0.1 | emission: {schedule: halving} | token.emission.halving_every | 12 | 13 | missing required key 'halving_every'",
        "count: 2 | protocol_fee: 0.1 | pool: {usd: 1.0e12} | token.pool.usd | 12 | 15 | more than the supply",
        "count: 2 | protocol_fee: 0.1 | pool: {fee: 0.5} | token.pool.fee | 12 | 15 | out of range;from 0 to 0.1",
        "count: 2 | protocol_fee: 0.1 | controllers: [{target: price, acts_on: emision}] | token.controllers[0].acts_on | 12 | 42 | unknown actuator 'emision';did you mean 'emission'?",
        "count: 2 | protocol_fee: 0.1 | controllers: [{target: temperature, acts_on: burn}] | token.controllers[0].target | 12 | 26 | unknown controller target 'temperature';known: price, utilization, operators",
        "count: 2 | protocol_fee: 0.1 | controllers: [{target: price, acts_on: emission}] | token.emission | 12 | 3 | the emission schedule must be 'controller'",
        "count: 2 | protocol_fee: 0.1 | controllers: [{target: price, acts_on: burn}, {target: utilization, acts_on: burn}] | token.controllers[1].acts_on | 12 | 80 | two controllers act on 'burn'",
        "count: 2 | protocol_fee: 0.1 | controllers: [{target: price, acts_on: burn, clamp: [1, -1]}] | token.controllers[0].clamp[1] | 12 | 59 | is not above min",
        "count: 2 | protocol_fee: 0.1 | controllers: [{target: utilization, setpoint: 70, acts_on: price}] | token.controllers[0].setpoint | 12 | 49 | a utilization setpoint is a share",
        "supply: {initial: 5} | protocol_fee: 0.1 | epoch: 1h | nodes[0].supply.initial | 6 | 23 | value 5 is out of range;from 0 to 1",
        "supply: {leave: 1d} | protocol_fee: 0.1 | epoch: 1h | nodes[0].supply.leave | 6 | 14 | unknown key 'leave'",
        "ask_spread: 2 | protocol_fee: 0.1 | epoch: 1h | nodes[0].ask_spread | 6 | 17 | out of range;from 0 to 1",
    })
    void badEconomyValueIsLocated(String nodeLine, String marketLine, String tokenLine, String path, int line, int column, String parts) {
        LocatedErrorAssertions.assertRejected(TEMPLATE.formatted(nodeLine, marketLine, tokenLine), path, line, column, parts);
    }

    @org.junit.jupiter.api.Test
    void supplyAndTokenPricesNeedATokenSection() {
        ScenarioException supply = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, supply: {initial: 1}}
                workload:
                  - {name: chat, arrival: {rate: 1/s}}
                """));
        assertEquals("nodes[0].supply", supply.path());
        assertTrue(supply.getMessage().contains("only in a token economy"), supply.getMessage());
        ScenarioException currency = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 1/s}}
                market: {currency: token}
                """));
        assertEquals("market", currency.path());
        assertTrue(currency.getMessage().contains("prices in tokens need a token economy"), currency.getMessage());
    }
}
