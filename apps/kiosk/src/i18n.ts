import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";

/**
 * Each language the kiosk speaks: its translations and the locale its dates, times and lists
 * are written in. A right-to-left language needs nothing more here: `dir` comes from i18next.
 */
export const languages = {
  en: { locale: "en-GB", translation: en },
} as const;

export type Language = keyof typeof languages;

const defaultLanguage: Language = "en";

// Declaration merging is the only way to type i18next's keys, hence an interface.
declare module "i18next" {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
  }
}

function isLanguage(value: string): value is Language {
  return Object.hasOwn(languages, value);
}

export function currentLocale(): string {
  const language = i18next.resolvedLanguage ?? defaultLanguage;
  return isLanguage(language) ? languages[language].locale : languages[defaultLanguage].locale;
}

function applyToDocument(language: string) {
  document.documentElement.lang = isLanguage(language) ? languages[language].locale : language;
  document.documentElement.dir = i18next.dir(language);
  document.title = i18next.t("app.title");
}

i18next.on("languageChanged", applyToDocument);

void i18next.use(initReactI18next).init({
  lng: defaultLanguage,
  fallbackLng: defaultLanguage,
  supportedLngs: Object.keys(languages),
  resources: Object.fromEntries(
    Object.entries(languages).map(([code, { translation }]) => [code, { translation }]),
  ),
  interpolation: { escapeValue: false },
  initAsync: false,
});

export { i18next };
