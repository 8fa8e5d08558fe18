/** The build flavour baked in by esbuild; "release" when not bundled (unit tests). */
export function buildFlavor(): 'release' | 'sandbox' {
  return typeof __BUILD_FLAVOR__ === 'undefined' ? 'release' : __BUILD_FLAVOR__;
}
