import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import ar from "./locales/ar.json";
import en from "./locales/en.json";
import pl from "./locales/pl.json";
import ro from "./locales/ro.json";
import so from "./locales/so.json";
import ur from "./locales/ur.json";

/**
 * Each language the kiosk speaks: its name in itself (for the flag-free list families choose
 * from), its translations and the locale its dates, times and lists are written in. A
 * right-to-left language needs nothing more here: `dir` comes from i18next. Every file but
 * English is marked `_meta.reviewed: false` until a native speaker has checked it.
 */
export const languages = {
  en: { name: "English", locale: "en-GB", translation: en },
  pl: { name: "Polski", locale: "pl", translation: pl },
  ro: { name: "Română", locale: "ro", translation: ro },
  so: { name: "Soomaali", locale: "so", translation: so },
  ur: { name: "اردو", locale: "ur", translation: ur },
  ar: { name: "العربية", locale: "ar", translation: ar },
} as const;

export type Language = keyof typeof languages;

const defaultLanguage: Language = "en";

/** The kiosk's own language, which each family starts in. */
export const kioskLanguage: Language = defaultLanguage;

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
