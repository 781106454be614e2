// The product gallery: mark the dot of the photo in view as it is swiped, and let a dot scroll the
// strip sideways only (following its #photo-n link would also move the page). Without this script
// the photos still swipe (CSS scroll snap) and the dots still work as links.
(function () {
  for (const gallery of document.querySelectorAll("[data-gallery]")) {
    const strip = gallery.querySelector(".photos");
    const dots = Array.from(gallery.querySelectorAll(".dots a"));
    const slides = Array.from(strip.children);
    if (!dots.length) continue;
    const mark = (index) =>
      dots.forEach((dot, i) => (i === index ? dot.setAttribute("aria-current", "true") : dot.removeAttribute("aria-current")));
    const seen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) if (entry.isIntersecting) mark(slides.indexOf(entry.target));
      },
      { root: strip, threshold: 0.6 },
    );
    slides.forEach((slide) => seen.observe(slide));
    dots.forEach((dot, i) =>
      dot.addEventListener("click", (event) => {
        event.preventDefault();
        strip.scrollTo({ left: slides[i].offsetLeft - strip.offsetLeft, behavior: "smooth" });
        mark(i);
      }),
    );
  }
})();
