// The bell's shadow-DOM styles. Everything a host may want to change is a
// CSS custom property (--budstikke-bell-*) or reachable with ::part().

export const STYLES = `
:host {
  --_accent: var(--budstikke-bell-accent, #0067c5);
  --_text: var(--budstikke-bell-color, #23262a);
  --_muted: var(--budstikke-bell-muted, #595e66);
  --_bg: var(--budstikke-bell-panel-bg, #ffffff);
  --_focus: var(--budstikke-bell-focus, #00347d);
  position: relative;
  display: inline-block;
  font-family: var(--budstikke-bell-font, inherit);
  color: var(--_text);
  line-height: 1.35;
}
.sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
button { font: inherit; }
.bell {
  position: relative; display: inline-flex; flex-direction: column; align-items: center;
  gap: .1rem; min-width: 3.5rem; padding: .35rem .6rem; cursor: pointer;
  color: var(--budstikke-bell-button-color, var(--_accent));
  background: var(--budstikke-bell-button-bg, transparent);
  border: 2px solid var(--budstikke-bell-button-border, transparent); border-radius: 6px;
}
.bell.has-unread { color: var(--budstikke-bell-button-color-unread, var(--_accent)); }
.bell:hover { background: var(--budstikke-bell-button-hover-bg, #e6f0ff); }
.bell[aria-expanded="true"] { border-color: var(--_accent); }
:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
.bell .bell-icon { font-size: 1.6rem; display: inline-flex; }
.bell .label { font-size: .875rem; font-weight: 600; }
.badge {
  position: absolute; top: .1rem; right: .35rem; min-width: 22px; height: 22px; padding: 0 5px;
  box-sizing: border-box; border-radius: 11px; display: inline-flex; align-items: center;
  justify-content: center; font-size: 14px; font-weight: 700;
  background: var(--budstikke-bell-badge-bg, #c30000); color: var(--budstikke-bell-badge-fg, #ffffff);
}
.badge[hidden] { display: none; }
.panel {
  position: absolute; right: 0; top: calc(100% + .4rem); z-index: var(--budstikke-bell-z, 1000);
  width: var(--budstikke-bell-panel-width, 30rem); max-width: calc(100vw - 1rem);
  max-height: var(--budstikke-bell-panel-max-height, 75vh); overflow-y: auto;
  background: var(--_bg); border: var(--budstikke-bell-panel-border, 2px solid #00347d);
  border-radius: var(--budstikke-bell-radius, 6px);
  box-shadow: 0 .3rem 1rem rgba(0, 0, 0, .2); text-align: left;
}
:host([align="left"]) .panel { right: auto; left: 0; }
.panel[hidden] { display: none; }
@media (max-width: 768px) {
  .panel { position: fixed; left: 0; right: 0; top: var(--budstikke-bell-mobile-top, 4rem);
    width: auto; max-width: none; max-height: calc(100vh - var(--budstikke-bell-mobile-top, 4rem));
    border-radius: 0; }
}
.head {
  display: flex; align-items: center; gap: .5rem; padding: .6rem .75rem;
  border-bottom: 1px solid #cfd3d8; position: sticky; top: 0; background: var(--_bg); z-index: 1;
}
.title { margin: 0; font-size: 1.05rem; font-weight: 700; }
.saksoversikt { margin-left: auto; color: var(--_accent); display: inline-flex; gap: .3rem; align-items: center; }
.saksoversikt[hidden] { display: none; }
.close {
  margin-left: auto; display: inline-flex; align-items: center; justify-content: center;
  width: 2rem; height: 2rem; border: 0; background: transparent; border-radius: 4px; cursor: pointer;
  font-size: 1.25rem; color: var(--_text);
}
.saksoversikt:not([hidden]) + .close { margin-left: 0; }
.close:hover { background: #f1f1f1; }
.alert {
  margin: .6rem .75rem 0; padding: .5rem .75rem; border-left: 4px solid #c30000;
  background: #fff2f2; font-size: .9rem;
}
.alert[hidden] { display: none; }
.list { list-style: none; margin: 0; padding: 0; }
.item { border-bottom: 1px solid #e4e6e9; border-left: 4px solid transparent; }
.item.todo { border-left-color: var(--budstikke-bell-todo-edge, #ff9100); }
.link {
  display: flex; gap: .6rem; align-items: flex-start; padding: .65rem .75rem;
  color: inherit; text-decoration: none;
}
.link:hover { background: var(--budstikke-bell-item-hover-bg, #f1f5fb); }
.link:hover .tekst { text-decoration: underline; }
.link:focus-visible { outline-offset: -3px; }
.type-icon { font-size: 1.35rem; display: inline-flex; margin-top: .1rem; flex: none; }
.teal { color: #06748a; }
.orange { color: #c05600; }
.blue { color: #0056b4; }
.grey { color: #8a8f96; }
.body { display: flex; flex-direction: column; gap: .15rem; flex: 1; min-width: 0; }
.org { font-size: .75rem; letter-spacing: .03em; color: var(--_muted); }
.sak-tittel { font-size: .9rem; }
.sak-info { font-size: .8rem; color: var(--_muted); }
.tekst { font-weight: 400; }
.unread .tekst, .unread .sak-tittel { font-weight: var(--budstikke-bell-unread-weight, 600); }
.avtale-tid, .avtale-sted, .tid { font-size: .85rem; color: var(--_muted); }
.tag {
  align-self: flex-start; display: inline-flex; align-items: center; gap: .25rem; margin-top: .2rem;
  padding: .05rem .45rem; border: 1px solid; border-radius: 4px; font-size: .8rem;
}
.tag-warning { background: #fff5e6; border-color: #c77300; color: #5c3200; }
.tag-success { background: #e3f7e8; border-color: #06893a; color: #053d1a; }
.tag-info { background: #e6f0ff; border-color: #0067c5; color: #002a57; }
.tag-neutral { background: #f1f1f1; border-color: #8a8f96; color: #3c4046; }
.tag-error { background: #ffe6e6; border-color: #c30000; color: #5c0000; }
.tag-icon { display: inline-flex; }
.chevron { flex: none; align-self: center; color: var(--_muted); display: inline-flex; }
.empty { margin: 0; padding: 1rem .75rem; color: var(--_muted); }
.empty[hidden], .more[hidden] { display: none; }
.more {
  display: block; width: calc(100% - 1.5rem); margin: .6rem .75rem; padding: .4rem;
  border: 1px solid var(--_accent); border-radius: 4px; background: transparent; color: var(--_accent);
  cursor: pointer;
}
`;
