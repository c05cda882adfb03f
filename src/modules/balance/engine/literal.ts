/**
 * The seed's algorithm read literally, kept for the benchmark's comparison only: every active company is
 * scored ONCE, with the loads at the start of the run, and sorted; each shipment (oldest first) goes to the
 * first company of that fixed list that did not create it and can take it without passing 90 % (`canTake`,
 * on its load counted as the run moves it: the winner +1, the creator −1 by the load rule, not below 0).
 * So the top company takes everything until it reaches 90 %, then the next one, and so on.
 * Same result shape as `distribute`: the recorded loads give each winner's true score at its turn.
 */
import { companyIndex, emptyColumns, makeDistribution, shipmentOrder, type Distribution } from './distribute.js';
import { canTake, compareScores, scoreOf } from './score.js';
import type { CompanyMetrics, PendingShipment } from './types.js';

export function distributeLiteral(companies: readonly CompanyMetrics[], shipments: readonly PendingShipment[]): Distribution {
  const index = companyIndex(companies);
  const load = Int32Array.from(companies, (c) => c.load);
  // All active companies, also those that cannot take work at the start: a creator's falling load may let it in.
  const ranked = companies
    .map((c, i) => ({ i, s: scoreOf(c), capacity: c.capacity }))
    .filter((r) => companies[r.i]!.status === 'active')
    .sort((a, b) => compareScores(a.s, a.capacity, b.s, b.capacity))
    .map((r) => r.i);
  const place = new Int32Array(companies.length).fill(-1);
  ranked.forEach((c, r) => (place[c] = r));
  const order = shipmentOrder(shipments);
  const cols = emptyColumns(order);
  let first = 0; // companies before `first` in `ranked` cannot take work (moved back when a creator's load falls)
  for (let k = 0; k < order.length; k++) {
    const creator = index.get(shipments[order[k]!]!.creatorId) ?? -1;
    while (first < ranked.length && !canTake(load[ranked[first]!]!, companies[ranked[first]!]!.capacity)) first++;
    let taken = 0;
    for (let r = first; r < ranked.length && taken < 3; r++) {
      const c = ranked[r]!;
      if (c === creator || !canTake(load[c]!, companies[c]!.capacity)) continue;
      if (taken === 0) {
        cols.winner[k] = c;
        cols.winnerLoad[k] = load[c]!;
      } else {
        cols.runnersUp[2 * k + taken - 1] = c;
        cols.runnersUpLoad[2 * k + taken - 1] = load[c]!;
      }
      taken++;
    }
    const w = cols.winner[k]!;
    if (w < 0) continue;
    load[w] = load[w]! + 1;
    if (creator < 0 || load[creator]! === 0) continue;
    load[creator] = load[creator]! - 1;
    if (place[creator]! >= 0 && place[creator]! < first) first = place[creator]!;
  }
  return makeDistribution(companies, shipments, cols, load);
}
