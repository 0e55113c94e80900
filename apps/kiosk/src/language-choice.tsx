import { useTranslation } from "react-i18next";
import { type Language, languages } from "./i18n";

/**
 * The languages a family can choose, each named in itself and with no flag (a flag is a country,
 * not a language). The choice lasts until the kiosk is ready for the next family.
 */
export function LanguageChoice() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage;
  return (
    <nav className="languages" aria-label={t("language.label")}>
      <ul className="languages__list">
        {(Object.keys(languages) as Language[]).map((code) => (
          <li key={code}>
            <button
              type="button"
              className="languages__choice"
              lang={languages[code].locale}
              dir={i18n.dir(code)}
              aria-pressed={current === code}
              onClick={() => void i18n.changeLanguage(code)}
            >
              {languages[code].name}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
