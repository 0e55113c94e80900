import i18next, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";

const community = () => import("./locales/community");

/**
 * Each language the kiosk speaks: its name in itself (for the flag-free list families choose
 * from), the locale its dates, times and lists are written in, and its translations. A
 * right-to-left language needs nothing more here: `dir` comes from i18next. Every file but
 * English is marked `_meta.reviewed: false` until a native speaker has checked it.
 *
 * English is part of the first screen's script; the other five are one script of their own
 * (locales/community.ts), loaded when a family first chooses one. The service worker precaches
 * it (every .js of the build), so it loads with no network too.
 */
export const languages = {
  en: { name: "English", locale: "en-GB", load: () => Promise.resolve(en) },
  pl: { name: "Polski", locale: "pl", load: () => community().then((c) => c.pl) },
  ro: { name: "Română", locale: "ro", load: () => community().then((c) => c.ro) },
  so: { name: "Soomaali", locale: "so", load: () => community().then((c) => c.so) },
  ur: { name: "اردو", locale: "ur", load: () => community().then((c) => c.ur) },
  ar: { name: "العربية", locale: "ar", load: () => community().then((c) => c.ar) },
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

/** i18next asks for a language it does not have yet: its script, loaded on demand. */
const onDemand: BackendModule = {
  type: "backend",
  init() {},
  read(language, _namespace, callback) {
    if (!isLanguage(language)) {
      callback(new Error(`The kiosk does not speak ${language}`), false);
      return;
    }
    languages[language].load().then(
      (translation) => callback(null, translation),
      (error: unknown) =>
        callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

// The screen changes language once the chosen language is loaded (English until then).
void i18next
  .use(onDemand)
  .use(initReactI18next)
  .init({
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: Object.keys(languages),
    resources: { [defaultLanguage]: { translation: en } },
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    initAsync: false,
  });

export { i18next };
