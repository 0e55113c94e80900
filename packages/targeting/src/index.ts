export * from "./catalogue";
export * from "./derive";
export * from "./flags";
export * from "./inputs";
export * from "./priority-sql";
export * from "./rules";
export * from "./reports";
