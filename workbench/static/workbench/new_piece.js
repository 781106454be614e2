// The new-piece screen: shows the chosen photo before it is uploaded, and adds variant rows.
for (const input of document.querySelectorAll("input[type=file][data-preview]")) {
  const preview = document.getElementById(input.dataset.preview);
  input.addEventListener("change", () => {
    const [file] = input.files;
    if (preview.dataset.url) URL.revokeObjectURL(preview.dataset.url);
    if (!file) { preview.hidden = true; return; }
    preview.dataset.url = URL.createObjectURL(file);
    preview.src = preview.dataset.url;
    preview.hidden = false;
  });
}

const addRow = document.querySelector("[data-add-variant]");
if (addRow) {
  addRow.addEventListener("click", (event) => {
    event.preventDefault();
    const total = document.getElementById("id_variants-TOTAL_FORMS");
    const template = document.getElementById("variant-template");
    const index = Number(total.value);
    const row = template.content.firstElementChild.cloneNode(true);
    row.innerHTML = row.innerHTML.replaceAll("__prefix__", String(index));
    document.querySelector("#variant-rows tbody").append(row);
    total.value = String(index + 1);
  });
}
