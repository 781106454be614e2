// A stock operation refused by its checks: bring the first line in error into view (its message is
// beside its field) and put the cursor in that field, instead of leaving it below the screen.
const row = document.querySelector("#content-main .form-row.errors");
if (row) {
  row.scrollIntoView({ block: "center" });
  const message = row.querySelector(".errorlist");
  const field = (message ? message.parentElement : row).querySelector("input:not([type=hidden]), select, textarea");
  if (field) field.focus({ preventScroll: true });
}
