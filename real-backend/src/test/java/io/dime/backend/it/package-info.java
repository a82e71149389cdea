/**
 * Integration tests against a real llama-server serving the tiny random llama model. Maven
 * builds, starts and stops the server around them ({@code pre-} and
 * {@code post-integration-test}) and passes where it is through system properties; see
 * {@link io.dime.backend.it.RealServer}.
 */
package io.dime.backend.it;
