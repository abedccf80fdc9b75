// Validates rendered Kubernetes objects with the kubernetes-models packages (npm): the Kubernetes API's own schemas
// (required fields, types, formats) for the built-in kinds, and CloudNativePG's CRD schemas for its kinds.
// Usage: node validate.mjs OBJECTS.json (a JSON array); prints one line per object that fails, exits 1 if any does.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(process.argv[2], "utf8"));
const packages = { "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg" };
let failed = 0, checked = 0;
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const builtIn = group === "" || group.endsWith(".k8s.io") || ["apps", "autoscaling", "policy", "batch"].includes(group);
  const pkg = packages[group] ?? (builtIn ? "kubernetes-models" : null);
  if (pkg === null) {
    continue; // Strimzi, Keycloak and the Prometheus operator's kinds are checked in Java against their own schemas
  }
  const module = await import(`${pkg}/${object.apiVersion}/${object.kind}`);
  try {
    new module[object.kind](object).validate();
    checked++;
  } catch (e) {
    failed++;
    console.log(`${object.kind}/${object.metadata?.name}: ${e.message}`);
  }
}
console.log(`checked ${checked}, failed ${failed}`);
process.exit(failed === 0 ? 0 : 1);
