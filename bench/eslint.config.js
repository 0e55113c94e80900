import base from "@familyhub/eslint-config/base";

export default base;
