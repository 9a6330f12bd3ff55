/**
 * The index page's stylesheet, inlined so the page loads nothing else. System fonts only; colours
 * keep at least 4.5:1 contrast in both the light and the dark scheme.
 */
export const INDEX_STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #57606a; --line: #d0d7de; --code-bg: #f3f4f6; --link: #0550ae; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9da7b3; --line: #30363d; --code-bg: #161b22; --link: #6cb6ff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
a:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .25rem .5rem; }
h1 { font-size: 1.8rem; margin: .5rem 0; }
h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { margin: 0 0 .5rem; font-size: 1.15rem; }
h3 .title { font-weight: normal; color: var(--muted); }
h4 { margin: 1rem 0 .25rem; font-size: 1rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .875rem; }
code { background: var(--code-bg); padding: .05rem .25rem; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: var(--code-bg); padding: .75rem 1rem; border-radius: 6px; overflow-x: auto; margin: .25rem 0 .75rem; }
pre code { padding: 0; background: none; overflow-wrap: normal; }
.pages span, caption, .label { color: var(--muted); }
.label { margin: .5rem 0 0; font-size: .875rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; }
caption { text-align: left; padding-bottom: .5rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .4rem .5rem; }
thead th { border-bottom-width: 2px; }
td code, th code { overflow-wrap: normal; }
.event { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1.25rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 .75rem; }
dt { color: var(--muted); }
dd { margin: 0; }
.text { white-space: pre-line; }
`;
