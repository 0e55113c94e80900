import react from "@familyhub/eslint-config/react";

export default react;
