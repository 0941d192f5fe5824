/** Draws a QR path computed on the server (lib/services/login-codes/qr-code.ts): dark on white in both themes. */
export function QrCode({ size, path, label, className }: { size: number; path: string; label: string; className?: string }) {
  return (
    <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} className={className} shapeRendering="crispEdges" data-testid="qr-code">
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}
