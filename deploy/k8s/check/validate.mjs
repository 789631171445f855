// Validates rendered Kubernetes objects (a JSON array in the file given as first argument) against the API's
// schemas with npm's kubernetes-models: core kinds, and the Prometheus operator's. Prints one line per object
// ("ok <kind>/<name>", "invalid <kind>/<name>: <errors>", "no-model <apiVersion> <kind>") and exits 1 on any invalid.
// NODE_PATH must name the node_modules that hold kubernetes-models (check/tools.sh installs them).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

const modules = process.env.NODE_PATH;
const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
let invalid = 0;
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const id = `${object.kind}/${object.metadata.name}`;
  const packages = group === "monitoring.coreos.com"
    ? [`@kubernetes-models/prometheus-operator/${group}/${version}/${object.kind}.js`]
    : [`kubernetes-models/${group ? group + "/" : ""}${version}/${object.kind}.js`];
  let Model = null;
  for (const candidate of packages) {
    try {
      Model = (await import(pathToFileURL(path.join(modules, candidate)).href))[object.kind];
      break;
    } catch (e) {
      if (e.code !== "ERR_MODULE_NOT_FOUND") throw e;
    }
  }
  if (!Model) {
    console.log(`no-model ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`ok ${id}`);
  } catch (e) {
    invalid++;
    console.log(`invalid ${id}: ${JSON.stringify(e.errors ?? e.message)}`);
  }
}
process.exit(invalid ? 1 : 0);
