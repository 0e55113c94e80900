export * from "./basics";
export * from "./kiosk";
export * from "./registration";
export * from "./rights";
export * from "./staff";
export * from "./programmes";
export * from "./reach";
