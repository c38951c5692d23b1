/* Self-check probe: named like a payment script. If a blocker stops it, the flag stays unset. */
window.__alsgemSelfCheckProbes = window.__alsgemSelfCheckProbes || {};
window.__alsgemSelfCheckProbes.payment = true;
