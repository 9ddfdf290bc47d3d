import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import "./styles.css";

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root");

// No StrictMode: its doubled effects would open and stop the camera and sockets twice in
// development, which the browser shows as a flickering permission light.
createRoot(root).render(
  <BrowserRouter>
    <App />
  </BrowserRouter>,
);
