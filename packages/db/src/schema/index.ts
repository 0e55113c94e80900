export * from "./audit";
export * from "./auth";
export * from "./families";
export * from "./geography";
export * from "./kiosks";
export * from "./programmes";
export * from "./targeting";
