/**
 * Markets: how requests are priced (posted prices, operators' asks, second-price auctions);
 * markets that charge for time on whole nodes instead — leases won in reverse auctions and paid
 * per block from escrow ({@link io.dime.sim.market.LeaseMarket}), and per-GPU-class job markets
 * with FIFO queues and deposits ({@link io.dime.sim.market.JobMarkets}); and the token economy of
 * a run — payments, emissions, burns, the token/USD pool, speculative flow, controllers,
 * operators who join and leave on profit, and demand that answers price and quality — with
 * Bittensor's parts: {@link io.dime.sim.market.Yuma} consensus over groups or single miners, UID
 * {@link io.dime.sim.market.Registration} by an adjusting burn, and the subnet's alpha pool
 * ({@link io.dime.sim.token.SubnetPool}).
 */
package io.dime.sim.market;
