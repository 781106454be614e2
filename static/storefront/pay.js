// The payment page: Stripe.js is fetched asynchronously here only, then its card element confirms
// the PaymentIntent and the browser returns to the completion URL, where the server asks Stripe.
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) return;
  var errors = document.getElementById("card-errors");
  var button = document.getElementById("card-pay");
  var script = document.createElement("script");
  script.src = form.dataset.js;
  script.async = true;
  script.onload = function () {
    var stripe = window.Stripe(form.dataset.key);
    var card = stripe.elements().create("card");
    card.mount("#card-element");
    button.disabled = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      errors.textContent = "";
      stripe.confirmCardPayment(form.dataset.secret, { payment_method: { card: card } }).then(function (result) {
        if (result.error) {
          errors.textContent = result.error.message || String(result.error);
          button.disabled = false;
        } else {
          window.location.assign(form.dataset.return);
        }
      });
    });
  };
  script.onerror = function () {
    errors.textContent = form.dataset.offline || "Stripe.js";
  };
  document.head.appendChild(script);
})();
