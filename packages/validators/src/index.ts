export * from "./basics";
export * from "./registration";
