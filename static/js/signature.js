/* Two signature pads on the act's page (signature_pad, vendored from npm, global SignaturePad).
 * Each pad draws on a canvas sized to the screen's pixel ratio; on submit its drawing goes to a
 * hidden input as a PNG data URL, which the server decodes and checks. */
(function () {
  "use strict";

  const form = document.getElementById("sign-form");
  if (!form || !window.SignaturePad) return;

  const pads = [];
  form.querySelectorAll("canvas[data-target]").forEach((canvas) => {
    const pad = new window.SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.6, penColor: "#0b1f4d" });
    pads.push({ canvas, pad, input: document.getElementById(canvas.dataset.target) });
    canvas.parentElement.querySelector("[data-clear]").addEventListener("click", () => pad.clear());
  });

  function resize() {
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    pads.forEach(({ canvas, pad }) => {
      const data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    });
  }
  window.addEventListener("resize", resize);
  resize();

  form.addEventListener("submit", (event) => {
    const missing = pads.some(({ pad }) => pad.isEmpty());
    document.getElementById("sign-missing").hidden = !missing;
    if (missing) {
      event.preventDefault();
      return;
    }
    pads.forEach(({ pad, input }) => { input.value = pad.toDataURL("image/png"); });
  });
})();
