/**
 * Resource limits for the build's worker threads (prerendering, email finishing). V8 gives
 * each thread's young generation up to about 100 MB by default; both threads allocate small,
 * short-lived objects per page or email, and a 16 MB young generation collects them just as
 * well. Measured at 1,000 tips: peak RSS of the build 1.53-1.62 GiB -> 1.29-1.34 GiB, build
 * time unchanged within the machine's noise (docs/benchmarks.md).
 */
export const BUILD_WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 } as const;
