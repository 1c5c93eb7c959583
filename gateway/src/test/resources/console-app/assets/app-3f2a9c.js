document.getElementById("root").textContent = "console";
