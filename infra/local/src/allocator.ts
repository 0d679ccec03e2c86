/**
 * glibc malloc settings for the control plane, read by the C library when the process
 * starts (so they are set by whoever starts it: this launcher, the image's Dockerfile).
 * By default glibc keeps up to 8 arenas per core and holds freed memory in each; two
 * arenas and trimming above 1 MB hand back what PGlite's initdb and start-up freed. The
 * `npm start` control plane idles at ~255 MB instead of ~340 MB after a first start
 * (`test/bench/propagation/idle-footprint.ts`). A value already in the environment wins.
 */
export const controlPlaneAllocatorEnv: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: "2",
  MALLOC_TRIM_THRESHOLD_: "1048576",
};
