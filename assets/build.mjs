// Builds the committed front-end assets under static/ from npm packages.
// Run with `make assets` (needs Node and npm only at development time).
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nm = (...p) => join(root, "node_modules", ...p);
const out = (...p) => join(root, "static", ...p);

mkdirSync(out("govuk"), { recursive: true });
mkdirSync(out("js"), { recursive: true });

const css = compile(join(root, "assets", "scss", "portal.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(out("govuk", "portal.min.css"), css.css + "\n");

copyFileSync(nm("govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), out("govuk", "govuk-frontend.min.js"));
copyFileSync(nm("htmx.org", "dist", "htmx.min.js"), out("js", "htmx.min.js"));
console.log("built static/govuk/portal.min.css, static/govuk/govuk-frontend.min.js, static/js/htmx.min.js");
