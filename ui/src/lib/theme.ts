import type { Theme } from './bindings/Theme';

const darkQuery = () => window.matchMedia?.('(prefers-color-scheme: dark)');

/** The scheme to paint for a preference: `system` follows the OS. */
export function resolveTheme(theme: Theme, osPrefersDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return osPrefersDark ? 'dark' : 'light';
  return theme;
}

/** Paints `theme` now and, for `system`, whenever the OS switches. Returns a stop function. */
export function applyTheme(theme: Theme): () => void {
  const query = darkQuery();
  const paint = () => {
    document.documentElement.dataset.theme = resolveTheme(theme, query?.matches ?? false);
  };
  paint();
  if (theme !== 'system' || !query) return () => {};
  query.addEventListener('change', paint);
  return () => query.removeEventListener('change', paint);
}
