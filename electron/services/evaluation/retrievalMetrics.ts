// Retrieval quality metrics as BEIR computes them with pytrec_eval / trec_eval: nDCG@k (linear gain = graded
// relevance, log2 discount), Recall@k, MRR@k; averaged over queries that have judgments.

/** Relevance judgments: query id → (document id → grade > 0). */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;
/** A ranked run: query id → document ids, best first (no duplicates). */
export type Run = ReadonlyMap<string, readonly string[]>;

export function ndcgAtK(ranking: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((doc, i) => {
    const gain = judged.get(doc) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  });
  const ideal = [...judged.values()].filter((g) => g > 0).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAtK(ranking: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const relevant = [...judged.entries()].filter(([, g]) => g > 0).map(([d]) => d);
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k));
  return relevant.filter((d) => top.has(d)).length / relevant.length;
}

export function mrrAtK(ranking: readonly string[], judged: ReadonlyMap<string, number>, k: number): number {
  const index = ranking.slice(0, k).findIndex((doc) => (judged.get(doc) ?? 0) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

export interface RetrievalScores {
  ndcg10: number;
  recall10: number;
  recall100: number;
  mrr10: number;
  queries: number;
}

/** Mean over every judged query (a query missing from the run scores 0, as in trec_eval with -c). */
export function scoreRun(run: Run, qrels: Qrels): RetrievalScores {
  const totals = { ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0 };
  let queries = 0;
  for (const [query, judged] of qrels) {
    const ranking = run.get(query) ?? [];
    totals.ndcg10 += ndcgAtK(ranking, judged, 10);
    totals.recall10 += recallAtK(ranking, judged, 10);
    totals.recall100 += recallAtK(ranking, judged, 100);
    totals.mrr10 += mrrAtK(ranking, judged, 10);
    queries++;
  }
  const mean = (v: number): number => (queries === 0 ? 0 : v / queries);
  return { ndcg10: mean(totals.ndcg10), recall10: mean(totals.recall10), recall100: mean(totals.recall100), mrr10: mean(totals.mrr10), queries };
}
