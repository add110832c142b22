/** Runs untrusted WASM tools on Chicory with exactly the capabilities in their manifest. */
package dev.ironclaw4j.wasm;
