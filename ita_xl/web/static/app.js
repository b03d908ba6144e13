// ita-xl serve: the upload form, made friendlier when scripts run (it works without them):
// drop files on the box, see which were chosen, watch the upload's progress.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var input = document.getElementById("files");
  var drop = document.getElementById("drop");
  var chosen = document.getElementById("chosen");
  var progress = document.getElementById("progress");
  var bar = document.getElementById("bar");
  var status = document.getElementById("status");
  var button = document.getElementById("convert");

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1) + " MB";
  }

  function listChosen() {
    chosen.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + megabytes(file.size) + ")";
      chosen.appendChild(item);
    });
    chosen.hidden = input.files.length === 0;
  }

  function say(text) {
    progress.hidden = false;
    status.textContent = text;
  }

  input.addEventListener("change", listChosen);
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) {
      event.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () {
      drop.classList.remove("over");
    });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      listChosen();
    }
  });

  form.addEventListener("submit", function (event) {
    var total = 0;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (field) {
      Array.prototype.forEach.call(field.files, function (file) { total += file.size; });
    });
    event.preventDefault();
    if (total > Number(form.dataset.maxBytes)) {
      say(form.dataset.tooLarge);
      return;
    }
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (step) {
      if (step.lengthComputable) {
        bar.value = Math.round(100 * step.loaded / step.total);
        say(form.dataset.sending + " " + bar.value + "%");
      }
    });
    request.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      say(form.dataset.working);
    });
    request.addEventListener("load", function () {
      if (request.responseURL && request.responseURL.indexOf("/result/") !== -1 && request.status === 200) {
        window.location.assign(request.responseURL);
      } else {
        document.open();
        document.write(request.responseText);
        document.close();
      }
    });
    request.addEventListener("error", function () {
      button.disabled = false;
      say(form.dataset.failed);
    });
    button.disabled = true;
    say(form.dataset.sending + " 0%");
    request.send(new FormData(form));
  });
}());
