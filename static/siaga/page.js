// Page behaviour that would otherwise sit in inline event handlers (which the Content-Security-Policy forbids):
// <select data-autosubmit> submits its form on change; <a data-print> prints the page.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
});
document.addEventListener("click", function (event) {
  var el = event.target.closest && event.target.closest("[data-print]");
  if (el) { event.preventDefault(); window.print(); }
});
