/** Light, dark or the system's: kept in localStorage, applied as data-theme on <html> (styles.css reads it). */
import { useEffect, useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const key = 'provena-theme';

const stored = (): Theme => {
  const value = localStorage.getItem(key);
  return value === 'light' || value === 'dark' ? value : 'system';
};

export const applyStoredTheme = (): void => {
  document.documentElement.dataset.theme = stored();
};

export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(stored);
  useEffect(() => {
    localStorage.setItem(key, theme);
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <label className="theme-switch">
      <span className="visually-hidden">Theme</span>
      <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
