// Inside WeChat: the payment sheet through WeixinJSBridge's getBrandWCPayRequest, with the parameters
// the server signed (storefront.views.checkout.wallet_next_step). On "ok" the return page asks WeChat
// Pay (a browser's word is never taken); a cancel leaves the page as it was. Outside WeChat (the
// demo), the wallet stand-in plays WeChat's part.
(function () {
  "use strict";
  var button = document.getElementById("wechat-jsapi");
  var source = document.getElementById("jsapi-params");
  if (!button || !source) return;
  var params = JSON.parse(source.textContent);

  function invoke() {
    window.WeixinJSBridge.invoke("getBrandWCPayRequest", params, function (answer) {
      if (answer && answer.err_msg === "get_brand_wcpay_request:ok") {
        window.location.href = button.dataset.return;
      } else {
        button.disabled = false;
      }
    });
  }

  button.addEventListener("click", function () {
    if (window.WeixinJSBridge) {
      button.disabled = true;
      invoke();
    } else if (button.dataset.standin) {
      window.location.href = button.dataset.standin;
    } else {
      // WeChat injects the bridge a moment after the page: wait for it once
      document.addEventListener("WeixinJSBridgeReady", invoke, { once: true });
    }
  });
})();
