// The query page: a CodeMirror SPARQL editor over the form's textarea.
// Without JavaScript the plain textarea and the Run button work the same way.
(function () {
  "use strict";
  var textarea = document.getElementById("query-text");
  if (!textarea || typeof CodeMirror === "undefined") {
    return;
  }
  var form = document.getElementById("query-form");
  var editor = CodeMirror.fromTextArea(textarea, {
    mode: "application/sparql-query",
    lineNumbers: true,
    indentUnit: 2,
    viewportMargin: Infinity,
    screenReaderLabel: textarea.labels && textarea.labels[0] ? textarea.labels[0].textContent : "SPARQL",
    extraKeys: {
      "Ctrl-Enter": function () { editor.save(); form.submit(); },
      "Cmd-Enter": function () { editor.save(); form.submit(); },
      // let Tab leave the editor so the page stays keyboard-usable
      "Tab": false,
      "Shift-Tab": false
    }
  });
  window.migkgEditor = editor;
})();
