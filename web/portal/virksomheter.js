// The organisation tree of Min side's "Virksomhetsmeny" (user-api.md 9.1):
// main units with their sub-units, built from the development login's list
// (each organisation names its main unit as "overordnet"), and which
// organisation numbers a selection in that menu means.

/**
 * orgs: [{nr, navn, overordnet?}] in the order to show. Returns the main
 * units [{nr, navn, underenheter: [{nr, navn}]}]: an organisation that names
 * no main unit is one itself (perhaps without sub-units); a main unit that
 * is only named gets a node of its own.
 */
export function orgTree(orgs) {
  const byNr = new Map();
  const roots = [];
  const node = (nr, navn) => {
    let n = byNr.get(nr);
    if (!n) {
      n = { nr, navn: navn || '', underenheter: [] };
      byNr.set(nr, n);
      roots.push(n);
    } else if (navn && !n.navn) {
      n.navn = navn;
    }
    return n;
  };
  for (const o of orgs) {
    if (!o.overordnet) node(o.nr, o.navn);
  }
  for (const o of orgs) {
    if (!o.overordnet || o.overordnet === o.nr) continue;
    const main = node(o.overordnet, '');
    if (!main.underenheter.some((u) => u.nr === o.nr)) main.underenheter.push({ nr: o.nr, navn: o.navn || '' });
  }
  return roots;
}

/** The name to show: the organisation's name, else its number. */
export function orgName(o) {
  return o.navn || `Virksomhet ${o.nr}`;
}

/**
 * The organisation numbers a selection means (Min side's rule): nothing
 * chosen is every main unit and every sub-unit; a chosen main unit without
 * chosen sub-units is it and all of them; with some chosen, it and only
 * those. A chosen sub-unit always counts.
 */
export function selectedOrgnrs(tree, chosen) {
  const all = tree.flatMap((m) => [m.nr, ...m.underenheter.map((u) => u.nr)]);
  const picked = all.filter((nr) => chosen.has(nr));
  if (!picked.length) return all;
  const out = [];
  for (const m of tree) {
    const subs = m.underenheter.filter((u) => chosen.has(u.nr)).map((u) => u.nr);
    if (chosen.has(m.nr)) out.push(m.nr, ...(subs.length ? subs : m.underenheter.map((u) => u.nr)));
    else out.push(...subs);
  }
  return [...new Set(out)];
}
