// The five community languages, in one script of their own: loaded the first time a family
// chooses one, not before the first screen. Together they compress far better than apart (they
// share every key), and the service worker precaches the script, so it loads offline too.
export { default as ar } from "./ar.json";
export { default as pl } from "./pl.json";
export { default as ro } from "./ro.json";
export { default as so } from "./so.json";
export { default as ur } from "./ur.json";
