// 贷款计算器: the formulas of finance_market/calculator.py, run as the visitor types.
// Without JavaScript the form is submitted to /market/calculator/ and the server answers.
(function () {
  "use strict";
  function cents(x) { return Math.round(x * 100 + 1e-7) / 100; }

  function schedule(principal, months, annualRate, method) {
    var rate = annualRate / 1200, remaining = principal, rows = [], payment = 0;
    if (method === "equal_instalment") {
      if (rate === 0) { payment = cents(principal / months); }
      else { var g = Math.pow(1 + rate, months); payment = cents(principal * rate * g / (g - 1)); }
    }
    for (var m = 1; m <= months; m++) {
      var interest = cents(remaining * rate), last = m === months, part;
      if (method === "equal_instalment") { part = last ? remaining : cents(payment - interest); }
      else if (method === "equal_principal") { part = last ? remaining : cents(principal / months); }
      else { part = last ? remaining : 0; }
      remaining = cents(remaining - part);
      rows.push({ payment: cents(part + interest), interest: interest });
    }
    var totalInterest = cents(rows.reduce(function (s, r) { return s + r.interest; }, 0));
    return { first: rows[0].payment, last: rows[rows.length - 1].payment, interest: totalInterest,
             total: cents(principal + totalInterest) };
  }

  function setUp(box) {
    var form = box.querySelector("form"), out = box.querySelector("[data-calculator-result]"),
        error = box.querySelector("[data-calculator-error]");
    function value(name) { var el = form.elements[name]; return el ? el.value.trim() : ""; }
    function update(event) {
      var amount = parseFloat(value("amount")), months = parseInt(value("term_months"), 10),
          rate = parseFloat(value("annual_rate")), method = value("method");
      var valid = amount > 0 && amount <= 100000 && months >= 1 && months <= 360 && /^\d+$/.test(value("term_months")) &&
                  rate >= 0 && rate <= 36 && method;
      if (!valid) {
        if (!event || event.type === "submit") { return; }  // nothing said before input; the server explains a submit
        out.hidden = true;
        // while typing a half-written number is not yet wrong: the message waits for the field to be left
        if (event.type === "change") { error.hidden = false; error.textContent = error.dataset.message || "请填写有效的金额、期限和利率。"; }
        return;
      }
      if (event && event.type === "submit") {
        if (box.dataset.calculator === "page") { return; }  // the full page also shows the monthly plan
        event.preventDefault();
      }
      var r = schedule(cents(amount * 10000), months, rate, method);
      ["first", "last", "interest", "total"].forEach(function (key) {
        out.querySelector('[data-out="' + key + '"]').textContent = r[key].toFixed(2);
      });
      out.hidden = false; error.hidden = true;
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", update);
    update();
  }
  document.querySelectorAll("[data-calculator]").forEach(setUp);
})();
