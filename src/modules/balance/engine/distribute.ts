/**
 * The distribution: pending shipments, oldest first (createdAt, then id), each to the best company at its
 * turn — the highest score by the tie rule (score.ts), at the loads as this run has moved them, among
 * active companies that did not create the shipment and can take it without passing 90 % (`canTake`).
 * None → held. Each assignment moves one load by the load rule: the winner +1, the creator −1 (when the
 * creator is one of `companies`; never below 0), so `finalLoads` are what the database holds afterwards.
 *
 * Scores change only for the winner (its underutilization part drops) and the creator (it rises), so the
 * companies live in a binary max-heap keyed by (score, tie rule) over typed arrays: a turn reads the best
 * three non-creator companies off the top of the heap (the creator is stepped over, never removed), then
 * re-keys the winner and sifts it down, or drops it from the heap once it cannot take more, and re-keys
 * the creator and sifts it up, or puts it back once it (active) can take work again.
 * O((n + m) log m); 1,000,000 shipments × 10,000 companies in well under a second (bench/balance-engine.ts).
 */
import { balancePart, canTake, performancePart, scoreOf, scoreTotal, underutilizationPart } from './score.js';
import { TIER_BONUS, type CompanyMetrics, type Decision, type PendingShipment } from './types.js';

/**
 * A run's decisions, columnar. Turn k decided `shipments[order[k]]`; `winner[k]` is the index in
 * `companies` of the company it went to (−1: held) and `winnerLoad[k]` that company's load at the turn,
 * before it received the shipment; `runnersUp[2k]`, `runnersUp[2k + 1]` are the next two non-creator
 * companies that could take it at that turn (−1 when fewer), with their loads in `runnersUpLoad`.
 */
export interface Distribution {
  companies: readonly CompanyMetrics[];
  shipments: readonly PendingShipment[];
  order: Int32Array;
  winner: Int32Array;
  winnerLoad: Int32Array;
  runnersUp: Int32Array;
  runnersUpLoad: Int32Array;
  /** Each company's load after the run (index as in `companies`). */
  finalLoads: Int32Array;
  assigned: number;
  held: number;
  /** Turn k expanded: the winner's and runners-up's scores and parts at that turn. */
  decisionAt(k: number): Decision;
}

/** Columns of a run in progress: `distribute` and the literal algorithm fill them the same way. */
export interface Columns {
  order: Int32Array;
  winner: Int32Array;
  winnerLoad: Int32Array;
  runnersUp: Int32Array;
  runnersUpLoad: Int32Array;
}

export function emptyColumns(order: Int32Array): Columns {
  const n = order.length;
  return {
    order,
    winner: new Int32Array(n).fill(-1),
    winnerLoad: new Int32Array(n),
    runnersUp: new Int32Array(2 * n).fill(-1),
    runnersUpLoad: new Int32Array(2 * n),
  };
}

export function makeDistribution(
  companies: readonly CompanyMetrics[],
  shipments: readonly PendingShipment[],
  cols: Columns,
  finalLoads: Int32Array,
): Distribution {
  let assigned = 0;
  for (let k = 0; k < cols.winner.length; k++) if (cols.winner[k]! >= 0) assigned++;
  return {
    companies,
    shipments,
    ...cols,
    finalLoads,
    assigned,
    held: cols.winner.length - assigned,
    decisionAt(k: number): Decision {
      if (!Number.isInteger(k) || k < 0 || k >= cols.order.length) throw new RangeError(`no turn ${k}`);
      const s = shipments[cols.order[k]!]!;
      const w = cols.winner[k]!;
      const runnersUp = [];
      for (const j of [2 * k, 2 * k + 1]) {
        const c = cols.runnersUp[j]!;
        if (c >= 0) runnersUp.push(scoreOf(companies[c]!, cols.runnersUpLoad[j]!));
      }
      return { shipmentId: s.id, creatorId: s.creatorId, winner: w >= 0 ? scoreOf(companies[w]!, cols.winnerLoad[k]!) : null, runnersUp };
    },
  };
}

/** Company id → index; refuses duplicates (the tie rule and determinism need unique ids). */
export function companyIndex(companies: readonly CompanyMetrics[]): Map<string, number> {
  const index = new Map<string, number>();
  companies.forEach((c, i) => {
    if (index.has(c.id)) throw new RangeError(`company ${c.id} appears twice`);
    index.set(c.id, i);
  });
  return index;
}

/** Each company's rank in id order (string order), so the heap breaks its last ties on integers. */
export function idRanks(companies: readonly CompanyMetrics[]): Int32Array {
  const byId = companies.map((_, i) => i).sort((a, b) => (companies[a]!.id < companies[b]!.id ? -1 : 1));
  const rank = new Int32Array(companies.length);
  byId.forEach((c, r) => (rank[c] = r));
  return rank;
}

/** Each shipment's createdAt, in input order. */
export function timesOf(shipments: readonly PendingShipment[]): Float64Array {
  return Float64Array.from(shipments, (s) => s.createdAt);
}

/**
 * Shipment indexes oldest first (createdAt, then id); `times` are their createdAt (the caller may have
 * read them already, in the same pass as other fields). Input already in that order (the service reads
 * it so) is checked in one pass. Otherwise each shipment gets the number key (time rank × n + index) —
 * the time rank is simply time − earliest when the times are integers over a span that keeps the key
 * exact, else the time's position among the sorted times — the keys are sorted as numbers (a typed-array
 * sort, much faster than a comparator sort of a million objects), and each run of equal times is put in
 * id order by insertion (such runs are short).
 */
export function shipmentOrder(shipments: readonly PendingShipment[], times: Float64Array = timesOf(shipments)): Int32Array {
  const n = shipments.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const a = times[i - 1]!;
    const b = times[i]!;
    sorted = a < b || (a === b && shipments[i - 1]!.id < shipments[i]!.id);
  }
  if (sorted) return order;
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    if (t < min) min = t;
    if (t > max) max = t;
    if (!Number.isInteger(t)) integers = false;
  }
  const keys = new Float64Array(n);
  if (integers && (max - min + 1) * n <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) keys[i] = (times[i]! - min) * n + i;
  } else {
    const distinct = times.slice().sort();
    for (let i = 0; i < n; i++) {
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (distinct[mid]! < times[i]!) lo = mid + 1;
        else hi = mid;
      }
      keys[i] = lo * n + i; // lo: the first position of this time among the sorted times (< n, so exact below 2^26 shipments)
    }
  }
  keys.sort();
  // Keys of equal times are adjacent and share the quotient by n: compare those (sequential reads), and
  // read ids only inside a run of equal times.
  const timeKey = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rank = Math.floor(keys[k]! / n); // exact: keys are integers below 2^53
    timeKey[k] = rank;
    order[k] = keys[k]! - rank * n;
  }
  for (let k = 1; k < n; k++) {
    if (timeKey[k] !== timeKey[k - 1]) continue;
    const c = order[k]!;
    const id = shipments[c]!.id;
    let j = k - 1;
    while (j >= 0 && timeKey[j] === timeKey[k] && shipments[order[j]!]!.id > id) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = c;
  }
  return order;
}

export function distribute(companies: readonly CompanyMetrics[], shipments: readonly PendingShipment[]): Distribution {
  const m = companies.length;
  const index = companyIndex(companies);
  const rank = idRanks(companies);
  const cap = new Float64Array(m);
  const load = new Int32Array(m);
  const fixed = new Float64Array(m * 3); // performance, balance, tier parts: constant during a run
  const score = new Float64Array(m);
  const active = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const c = companies[i]!;
    active[i] = c.status === 'active' ? 1 : 0;
    cap[i] = c.capacity;
    load[i] = c.load;
    fixed[3 * i] = performancePart(c.performanceScore);
    fixed[3 * i + 1] = balancePart(c.balanceHealth);
    fixed[3 * i + 2] = TIER_BONUS[c.tier];
  }
  const rescore = (i: number) => {
    score[i] = scoreTotal(fixed[3 * i]!, underutilizationPart(load[i]!, cap[i]!), fixed[3 * i + 1]!, fixed[3 * i + 2]!);
  };
  // Is company a better than b? The tie rule of score.ts, on the arrays.
  const better = (a: number, b: number) => {
    const sa = score[a]!;
    const sb = score[b]!;
    if (sa > sb) return true;
    if (sa < sb) return false;
    const ua = load[a]! * cap[b]!;
    const ub = load[b]! * cap[a]!;
    if (ua < ub) return true;
    if (ua > ub) return false;
    return rank[a]! < rank[b]!;
  };

  const heap = new Int32Array(m);
  const pos = new Int32Array(m).fill(-1);
  let size = 0;
  const place = (p: number, c: number) => {
    heap[p] = c;
    pos[c] = p;
  };
  const siftDown = (p: number) => {
    const c = heap[p]!;
    for (;;) {
      let child = 2 * p + 1;
      if (child >= size) break;
      if (child + 1 < size && better(heap[child + 1]!, heap[child]!)) child++;
      if (!better(heap[child]!, c)) break;
      place(p, heap[child]!);
      p = child;
    }
    place(p, c);
  };
  const siftUp = (p: number) => {
    const c = heap[p]!;
    while (p > 0) {
      const parent = (p - 1) >> 1;
      if (!better(c, heap[parent]!)) break;
      place(p, heap[parent]!);
      p = parent;
    }
    place(p, c);
  };
  // Only a winner leaves the heap, and a winner is the root, or a child of the root when the root is the
  // shipment's creator: the last leaf moved into its place is no better than that root, so it can only
  // go down.
  const remove = (c: number) => {
    const p = pos[c]!;
    pos[c] = -1;
    size--;
    if (p === size) return;
    place(p, heap[size]!);
    siftDown(p);
  };

  for (let i = 0; i < m; i++) {
    if (active[i] === 0 || !canTake(load[i]!, cap[i]!)) continue;
    rescore(i);
    place(size++, i);
  }
  for (let p = (size >> 1) - 1; p >= 0; p--) siftDown(p);

  // One pass over the shipment objects (in input order, so sequential in memory even when the input is
  // not sorted): times for the order, creators resolved to company indexes.
  const times = new Float64Array(shipments.length);
  const creatorOf = new Int32Array(shipments.length);
  for (let i = 0; i < shipments.length; i++) {
    const s = shipments[i]!;
    times[i] = s.createdAt;
    creatorOf[i] = index.get(s.creatorId) ?? -1;
  }
  const order = shipmentOrder(shipments, times);
  const cols = emptyColumns(order);
  const { winner, winnerLoad, runnersUp, runnersUpLoad } = cols;
  const frontier = new Int32Array(8); // heap positions that may hold the next best; ≤ 5 are ever live
  const found = new Int32Array(3);
  for (let k = 0; k < order.length; k++) {
    const creator = creatorOf[order[k]!]!;
    // The best three non-creator companies: the k-th best of a heap is the best of the children of the
    // first k − 1 taken, so a tiny frontier suffices; the creator's node is taken but not counted.
    let nf = 0;
    let nfound = 0;
    if (size > 0) frontier[nf++] = 0;
    while (nfound < 3 && nf > 0) {
      let bi = 0;
      for (let j = 1; j < nf; j++) if (better(heap[frontier[j]!]!, heap[frontier[bi]!]!)) bi = j;
      const p = frontier[bi]!;
      frontier[bi] = frontier[--nf]!;
      if (2 * p + 1 < size) frontier[nf++] = 2 * p + 1;
      if (2 * p + 2 < size) frontier[nf++] = 2 * p + 2;
      if (heap[p] !== creator) found[nfound++] = heap[p]!;
    }
    if (nfound === 0) continue; // held: winner stays −1
    const w = found[0]!;
    winner[k] = w;
    winnerLoad[k] = load[w]!;
    for (let j = 1; j < nfound; j++) {
      runnersUp[2 * k + j - 1] = found[j]!;
      runnersUpLoad[2 * k + j - 1] = load[found[j]!]!;
    }
    load[w] = load[w]! + 1;
    if (!canTake(load[w]!, cap[w]!)) {
      remove(w);
    } else {
      rescore(w); // its score only falls and its utilization only rises: it can only move down
      siftDown(pos[w]!);
    }
    if (creator < 0 || load[creator]! === 0) continue;
    load[creator] = load[creator]! - 1;
    if (pos[creator]! >= 0) {
      rescore(creator); // its score only rises (or stays, above 100 %) and its utilization falls: it can only move up
      siftUp(pos[creator]!);
    } else if (active[creator] === 1 && canTake(load[creator]!, cap[creator]!)) {
      rescore(creator);
      place(size++, creator);
      siftUp(size - 1);
    }
  }
  return makeDistribution(companies, shipments, cols, load);
}
