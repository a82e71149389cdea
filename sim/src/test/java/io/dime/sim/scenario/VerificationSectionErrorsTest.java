package io.dime.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad values in the verification and adversaries sections are located, with what is accepted. */
class VerificationSectionErrorsTest {
    private static final String TEMPLATE = """
            name: t
            nodes:
              - {name: a, gpu: rtx-4090, model: llama-3-8b, count: 4}
            workload:
              - {name: chat, arrival: {rate: 1/s}}
            verification: {%s}
            adversaries: [%s]
            """;

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "scheme: spot-chek | {strategy: lazy, share: 0.1} | verification.scheme | 6 | 24 | unknown verification scheme 'spot-chek';did you mean 'spot-check'?",
        "schemes: [none, zk] | {strategy: lazy, share: 0.1} | verification.schemes[1] | 6 | 32 | unknown verification scheme 'zk';known: none, redundancy",
        "schemes: [none, none] | {strategy: lazy, share: 0.1} | verification.schemes[1] | 6 | 32 | scheme 'none' is listed twice",
        "scheme: spot-check, rate: 1.5 | {strategy: lazy, share: 0.1} | verification.rate | 6 | 42 | out of range;from 0 to 1",
        "scheme: redundancy, replicas: 1 | {strategy: lazy, share: 0.1} | verification.replicas | 6 | 46 | out of range;from 2 to 15",
        "scheme: redundancy, comparison: fuzzy | {strategy: lazy, share: 0.1} | verification.comparison | 6 | 48 | unknown comparison 'fuzzy';known: exact, activation-hash, tolerance",
        "scheme: optimistic, challenge_window: 1 hour | {strategy: lazy, share: 0.1} | verification.challenge_window | 6 | 54 | unknown unit 'hour'",
        "scheme: none | {strategy: greedy, share: 0.1} | adversaries[0].strategy | 7 | 26 | unknown adversary strategy 'greedy';known: lazy, substitution, truncation, precision, colluding, sybil, rational",
        "scheme: none | {strategy: lazy, share: 0.1, group: b} | adversaries[0].group | 7 | 51 | unknown decentralized node group 'b';known: a",
        "scheme: none | {strategy: lazy, share: 0.7}, {strategy: sybil, share: 0.5} | adversaries | 7 | 14 | adversary shares add up to 1.2",
    })
    void badVerificationValueIsLocated(String verification, String adversaries, String path, int line, int column, String parts) {
        LocatedErrorAssertions.assertRejected(TEMPLATE.formatted(verification, adversaries), path, line, column, parts);
    }
}
