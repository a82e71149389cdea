/**
 * Markets: how requests are priced (posted prices, operators' asks, second-price auctions)
 * and the token economy of a run — payments, emissions, burns, the token/USD pool, speculative
 * flow, controllers, operators who join and leave on profit, and demand that answers price
 * and quality.
 */
package io.dime.sim.market;
