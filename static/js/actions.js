// Page actions without inline handlers, which the Content-Security-Policy forbids:
// [data-print] prints the page; a [data-autosubmit] field submits its form when it changes.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
});
