import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The C++ server (ONAIR_LISTEN, default 127.0.0.1:8080) answers the API, media and sockets.
const server = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": server,
      "/media": server,
      "/healthz": server,
      "/ws": { target: server, ws: true },
      // Only the relay's WebSocket paths: /live/:id and /live/:id/broadcast are client routes.
      "^/live/[^/]+/(publish|watch)": { target: server, ws: true },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    // livekit-client alone is ~530 kB; it is its own chunk, loaded only in LiveKit mode.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
