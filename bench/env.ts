/**
 * Imported first by bench/run.ts, so it runs before any handler module reads its settings: the
 * sandbox's own defaults (sandbox/main.ts). CloudWatch metric lines (EMF) on stdout mean nothing
 * locally and cost a synchronous write per request; POWERTOOLS_METRICS_DISABLED=false measures them.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
