/**
 * Verification: the schemes a network uses to check that operators did the work (redundancy,
 * spot checks / proof of sampling, optimistic challenges, zkML proofs, TEEs, activation
 * commitments, TOPLOC), the adversaries that cheat, and the consequences for those caught.
 * Checks that need computation run as real work on other nodes, so their cost shows in
 * capacity, latency and money.
 *
 * <p>{@link io.dime.sim.verify.Verifier} is the world's façade: it decides whether a result is
 * a lie (an adversary's cheat rate) and hands it to the scenario's {@code Scheme}, one class per
 * scheme behind {@link io.dime.sim.verify.Schemes}. {@code Checks} holds what every scheme
 * shares (the random stream, the roles, the consequences and their counts); {@code Adversaries}
 * assigns roles and lets rational cheaters learn; {@code Vote} is one redundancy vote.
 *
 * <h2>Adding a verification scheme</h2>
 * <ol>
 * <li>Its settings: a record in {@code scenario.VerificationSpec} implementing {@code Check}
 * (only its own settings, its name, the share of results it checks, and its keys as a scenario
 * file names them, which {@code ScenarioWriter} writes back), the keys it reads in
 * {@code VerificationReader.settings} (defaults and ranges) and one line in
 * {@code VerificationReader.schemes} mapping its name to its record.</li>
 * <li>A class implementing {@code Scheme} (its constructor takes its record from
 * {@code checks.spec.check()}): {@code onResult} checks (or samples) a result and
 * calls {@code Checks.caught}, {@code punishOnly} or {@code countUndetected}; shadow work goes
 * through {@code Host.submitShadow} and is counted with {@code Checks.accountShadow}; return
 * true to hold the user's result until {@code Host.release}.</li>
 * <li>One line in {@link io.dime.sim.verify.Schemes} binding its settings record to its class
 * (the names are the reader's alone; {@code SchemesTest} checks every record has a behaviour).</li>
 * <li>Its row in scenarios/README.md (verification) and a test in
 * {@code VerificationSchemesTest} that it catches what it should, at the cost it should.</li>
 * </ol>
 *
 * <h2>Adding an adversary strategy</h2>
 * An {@code AdversaryStrategy} line in {@link io.dime.sim.scenario.AdversaryStrategies} (whether it
 * colludes, returns after ejection, learns; the reader and {@code dime list adversaries} take the
 * names from there),
 * each scheme's {@code detection} default for it in {@code VerificationReader} where it differs
 * from 1, and its row in scenarios/README.md.
 */
package io.dime.sim.verify;
