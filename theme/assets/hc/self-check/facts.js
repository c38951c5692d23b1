// Every browser fact the self-check needs, collected in one place.
//
// This module only COLLECTS: the object it returns has the shape of
// diagnostics/schema/facts.schema.json (read by diagnostics/facts.py), and every
// verdict is made in Python. Nothing here may throw: a fact we cannot read is null
// ("not known").

const PROBE_FLAGS = "__helpCenterSelfCheckProbes";
const PROBE_TIMEOUT_MS = 4000;
const BAIT_DELAY_MS = 250;
const HINTS_TIMEOUT_MS = 1000;
// The smallest valid WebAssembly module: magic number and version.
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

function attempt(read, fallback = null) {
  try {
    const value = read();
    return value === undefined ? fallback : value;
  } catch {
    return fallback;
  }
}

function withTimeout(promise, ms, fallback) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    Promise.resolve(promise).then(
      (value) => { clearTimeout(timer); resolve(value); },
      () => { clearTimeout(timer); resolve(fallback); },
    );
  });
}

function brandList(list) {
  if (!Array.isArray(list)) return null;
  return list.map((item) => ({ brand: String(item.brand), version: String(item.version) }));
}

async function clientHints() {
  const data = attempt(() => navigator.userAgentData);
  if (!data) return null;
  const hints = {
    brands: brandList(attempt(() => data.brands)),
    mobile: attempt(() => Boolean(data.mobile)),
    platform: attempt(() => String(data.platform)),
    full_version_list: null,
    platform_version: null,
    model: null,
  };
  if (typeof data.getHighEntropyValues === "function") {
    const high = await withTimeout(
      attempt(() => data.getHighEntropyValues(["fullVersionList", "platformVersion", "model"])),
      HINTS_TIMEOUT_MS,
      null,
    );
    if (high) {
      hints.full_version_list = brandList(high.fullVersionList);
      hints.platform_version = typeof high.platformVersion === "string" ? high.platformVersion : null;
      hints.model = typeof high.model === "string" ? high.model : null;
    }
  }
  return hints;
}

function isBlockedError(error) {
  const name = error && error.name;
  return name === "SecurityError" || name === "QuotaExceededError" || name === "NS_ERROR_FILE_CORRUPTED";
}

// A real first-party cookie round trip: navigator.cookieEnabled can say true while
// the browser (or a privacy add-on) drops every cookie.
function testCookie() {
  const name = "helpcenter_selfcheck";
  const value = String(Date.now());
  const secure = location.protocol === "https:" ? "; Secure" : "";
  try {
    document.cookie = `${name}=${value}; path=/; SameSite=Lax${secure}`;
    const stored = document.cookie.split("; ").includes(`${name}=${value}`);
    document.cookie = `${name}=; path=/; max-age=0; SameSite=Lax${secure}`;
    return stored ? "ok" : "blocked";
  } catch (error) {
    return isBlockedError(error) ? "blocked" : "error";
  }
}

function testStorage(kind) {
  const key = "helpcenter-selfcheck";
  try {
    const storage = window[kind];
    if (!storage) return "blocked";
    storage.setItem(key, "1");
    const ok = storage.getItem(key) === "1";
    storage.removeItem(key);
    return ok ? "ok" : "error";
  } catch (error) {
    return isBlockedError(error) ? "blocked" : "error";
  }
}

// Load a script and report "loaded" only if it ran (set its flag): a blocker may
// fail the request, or answer it with an empty stand-in. No answer in time is
// "timeout", not "blocked": a phone still downloading the checker is slow, not blocked.
function loadProbe(url, ran) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (status) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(status);
    };
    const timer = setTimeout(() => finish("timeout"), PROBE_TIMEOUT_MS);
    try {
      const script = document.createElement("script");
      script.async = true;
      script.addEventListener("load", () => finish(attempt(ran, false) ? "loaded" : "blocked"));
      script.addEventListener("error", () => finish("blocked"));
      script.src = url;
      document.head.appendChild(script);
    } catch {
      finish("blocked");
    }
  });
}

// Ad blockers hide elements with ad-like class names (cosmetic filters); a bait
// element that is hidden after a moment means one is at work.
function adBait() {
  return new Promise((resolve) => {
    let bait;
    try {
      bait = document.createElement("div");
      bait.className = "adsbox ad-banner ad-placement textads banner-ads self-check-bait";
      bait.setAttribute("aria-hidden", "true");
      bait.textContent = "\u00a0";
      document.body.appendChild(bait);
    } catch {
      resolve(null);
      return;
    }
    setTimeout(() => {
      const style = attempt(() => getComputedStyle(bait));
      const hidden = !style || style.display === "none" || style.visibility === "hidden"
        || bait.offsetHeight === 0 || bait.offsetWidth === 0;
      bait.remove();
      resolve(hidden ? "hidden" : "visible");
    }, BAIT_DELAY_MS);
  });
}

function features() {
  return {
    webassembly: attempt(() => typeof WebAssembly === "object" && WebAssembly.validate(EMPTY_WASM), false),
    fetch: typeof fetch === "function",
    promise: typeof Promise === "function",
    module_worker: null, // known once the page has tried to start its worker
    es_modules: true, // this file is an ES module: it runs only where modules do
    crypto: attempt(() => typeof crypto === "object" && typeof crypto.getRandomValues === "function", false),
    intl: attempt(() => typeof Intl === "object" && typeof Intl.DateTimeFormat === "function", false),
  };
}

/**
 * Collect every fact of the contract except `popup`, which needs the shopper's
 * click (see tryPopup). Resolves within a few seconds, never rejects.
 *
 * @param {{probeBase: URL, paypalSdkUrl?: string|null}} options
 */
export async function collectFacts({ probeBase, paypalSdkUrl = null }) {
  const flags = () => window[PROBE_FLAGS] || {};
  const [hints, paymentProbe, adProbe, bait, paypal] = await Promise.all([
    clientHints().catch(() => null),
    loadProbe(new URL("paypal-checkout.js", probeBase).href, () => flags().payment === true),
    loadProbe(new URL("ads/adsbygoogle.js", probeBase).href, () => flags().ads === true),
    adBait(),
    // The real PayPal SDK only where the site configures its URL (and its CSP allows it).
    paypalSdkUrl ? loadProbe(paypalSdkUrl, () => typeof window.paypal === "object") : null,
  ]);
  return {
    user_agent: attempt(() => String(navigator.userAgent)),
    client_hints: hints,
    cookies: {
      navigator_enabled: attempt(() => Boolean(navigator.cookieEnabled)),
      test_cookie: testCookie(),
    },
    storage: { local: testStorage("localStorage"), session: testStorage("sessionStorage") },
    scripts: { payment_probe: paymentProbe, ad_probe: adProbe, ad_bait: bait, paypal_sdk: paypal },
    popup: null,
    features: features(),
    java: {
      navigator_java_enabled: attempt(() => (typeof navigator.javaEnabled === "function" ? navigator.javaEnabled() : null)),
    },
    screen: {
      width: attempt(() => screen.width),
      height: attempt(() => screen.height),
      touch: attempt(() => navigator.maxTouchPoints > 0 || "ontouchstart" in window),
    },
    language: attempt(() => String(navigator.language)),
  };
}

/**
 * Try a pop-up the way checkout does (PayPal opens one): call this straight from
 * the click handler, before any await, so the browser sees the shopper's click.
 * Returns "allowed" or "blocked".
 */
export function tryPopup() {
  try {
    const popup = window.open("about:blank", "helpcenter_selfcheck", "width=200,height=200");
    if (!popup) return "blocked";
    popup.close();
    return "allowed";
  } catch {
    return "blocked";
  }
}
