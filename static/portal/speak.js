// "Read it to me": the phone reads the page's summary aloud in Chinese with its own speech synthesis
// (nothing is sent anywhere). The button shows only where the browser can speak; pressed again, it stops.
(() => {
  const button = document.querySelector("[data-speak]");
  if (!button || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return;
  const label = button.querySelector("[data-speak-label]");
  const readLabel = label.textContent;
  const stopLabel = document.querySelector("[data-speak-stop-label]")?.textContent || readLabel;
  const speaking = (on) => {
    label.textContent = on ? stopLabel : readLabel;
  };
  button.closest("[hidden]")?.removeAttribute("hidden");
  button.addEventListener("click", () => {
    if (window.speechSynthesis.speaking) {
      window.speechSynthesis.cancel();
      speaking(false);
      return;
    }
    const utterance = new SpeechSynthesisUtterance(button.dataset.speak);
    utterance.lang = button.dataset.speakLang || "zh-CN";
    utterance.rate = 0.9;
    const voice = window.speechSynthesis.getVoices().find((v) => v.lang.replace("_", "-").startsWith("zh"));
    if (voice) utterance.voice = voice;
    utterance.onend = utterance.onerror = () => speaking(false);
    speaking(true);
    window.speechSynthesis.speak(utterance);
  });
})();
