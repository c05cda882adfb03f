/**
 * Indonesian or English: the browser's language first (Indonesian for `id*`), then the visitor's own
 * choice, kept in localStorage. `<html lang>` follows, so screen readers pronounce the page right.
 */
import { useEffect, useState } from 'preact/hooks';
import { isLanguage, type Language } from '../../../src/modules/track/labels.js';

const KEY = 'ff-language';

export function initialLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    /* storage blocked: fall back to the browser's language */
  }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const l of langs) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'id' || base === 'in') return 'id';
    if (base === 'en') return 'en';
  }
  return 'id';
}

export function useLanguage(): [Language, (l: Language) => void] {
  const [lang, setLang] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const choose = (l: Language) => {
    setLang(l);
    try {
      window.localStorage.setItem(KEY, l);
    } catch {
      /* not kept: the choice still holds for this visit */
    }
  };
  return [lang, choose];
}

export function formatDateTime(iso: string | null, lang: Language): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
